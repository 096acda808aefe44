"""The supervisor window's words (Indonesian first, English after)."""

from __future__ import annotations

from shared.text import Text

TITLE = Text("Antrian — Supervisor", "Antrian — Supervisor")
TODAY_TAB = Text("Hari ini", "Today")
REPORT_TAB = Text("Laporan", "Report")
ACKNOWLEDGE = Text("Mengerti", "Acknowledge")
BY_HOUR = Text("Per jam: terjadwal, datang, dilayani", "By hour: booked, arrived, served")
BOOKED = Text("Terjadwal", "Booked")
ARRIVED = Text("Datang", "Arrived")
SERVED = Text("Dilayani", "Served")
CALLED = Text("Dipanggil", "Called")
WAITING = Text("menunggu", "waiting")
LONGEST = Text("Tunggu terlama", "Longest wait")
TARGET = Text("target", "target")
SERVICE_LEVEL = Text("Tingkat layanan", "Service level")
MINUTES = Text("mnt", "min")
LOKETS = Text("Loket", "Counters")
WORKSTATIONS = Text("Stasiun kerja", "Workstations")
LOKET_HEADERS = (Text("Loket", "Counter"), Text("Petugas", "Officer"), Text("Keadaan", "State"),
                 Text("Sejak", "Since"), Text("Nomor", "Ticket"), Text("Dilayani", "Served"),
                 Text("Median layanan", "Median service"))
STATION_HEADERS = (Text("Stasiun", "Station"), Text("Peran", "Role"), Text("PC", "Host"),
                   Text("Detak terakhir", "Last heartbeat"), Text("Keadaan", "Status"))
DAY_START = Text("awal hari", "start of day")
UPDATED = Text("Diperbarui", "Updated")
DB_DOWN = Text("Basis data tidak terjangkau; mencoba lagi", "Database unreachable; retrying")
NO_STATIONS = Text("Belum ada stasiun yang tercatat", "No stations recorded yet")
FROM = Text("Dari", "From")
TO = Text("Sampai", "To")
GROUPING = Text("Kelompok", "Group by")
SHOW = Text("Tampilkan", "Show")
EXPORT = Text("Ekspor", "Export")
LABEL = Text("Keterangan", "Label")
TOTAL = Text("Total", "Total")
READING = Text("Membaca…", "Reading…")
SAVING = Text("Menyimpan…", "Saving…")
SAVED = Text("Tersimpan", "Saved")
FAILED = Text("Gagal", "Failed")
SAVE_AS = Text("Simpan laporan", "Save report")
