from __future__ import annotations

import pytest

from bench.corpus import load_image, score
from demo.camera import render_frame
from scanner.decode.decoder import CombinedDecoder, make_decoder, parse_symbologies

ZXING_QR = ("zxing/qrcode-1", "zxing/qrcode-2", "zxing/qrcode-3")


def recall(decoder, items) -> float:
    found = expected = 0
    for item in items:
        found += score(item, decoder.decode(load_image(item))).found
        expected += item.expected_codes
    return found / expected


def test_unknown_decoder_name_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown decoder.*pyzbar, zxing, opencv, combined"):
        make_decoder("zbarx", ("QRCODE",))


def test_unknown_symbology_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown symbology: AZTECX"):
        make_decoder("pyzbar", ("QRCODE", "aztecx"))


def test_symbologies_are_normalised():
    assert parse_symbologies(" qrcode, Code128 ,QRCODE") == ("QRCODE", "CODE128")


def test_opencv_decoder_refuses_a_list_without_qr():
    with pytest.raises(ValueError, match="only QRCODE"):
        make_decoder("opencv", ("CODE128",))


def test_combined_is_zxing_then_pyzbar():
    decoder = make_decoder("combined", ("QRCODE",))
    assert isinstance(decoder, CombinedDecoder)
    assert (decoder.primary.name, decoder.fallback.name) == ("zxing", "pyzbar")


@pytest.mark.parametrize("name", ["pyzbar", "zxing", "opencv", "combined"])
def test_every_decoder_reads_a_phone_qr(name):
    codes = make_decoder(name, ("QRCODE",)).decode(render_frame("K7Q2M9XA", (1280, 720), seed=2))
    assert [(c.text, c.symbology) for c in codes] == [("K7Q2M9XA", "QRCODE")]
    assert len(codes[0].polygon) == 4


@pytest.mark.parametrize("name", ["pyzbar", "zxing", "combined"])
def test_code128_is_read_only_when_configured(name):
    frame = render_frame("ABCD1234EFGH", (1920, 1080), seed=1, symbology="CODE128")
    assert [c.text for c in make_decoder(name, ("QRCODE", "CODE128")).decode(frame)] == ["ABCD1234EFGH"]
    assert make_decoder(name, ("QRCODE",)).decode(frame) == []


def test_polygon_is_in_full_frame_pixels():
    # The pyzbar decoder scans a downscaled crop; the outline must still land on the phone in the frame.
    frame = render_frame("K7Q2M9XA", (1920, 1080), seed=3)
    (pyzbar_code,) = make_decoder("pyzbar").decode(frame)
    (zxing_code,) = make_decoder("zxing").decode(frame)
    (px, py), (zx, zy) = pyzbar_code.centre(), zxing_code.centre()
    assert abs(px - zx) < 20 and abs(py - zy) < 20


def test_empty_desk_gives_nothing():
    frame = render_frame(None, (1920, 1080), seed=5)
    for name in ("pyzbar", "zxing", "combined"):
        assert make_decoder(name).decode(frame) == []


# Floors sit a few points under what bench/decode.py measured, so a regression fails and noise does not.
@pytest.mark.parametrize(("name", "floor"), [("pyzbar", 0.78), ("zxing", 0.88), ("combined", 0.90)])
def test_recall_on_zxing_qr_photos(corpus, name, floor):
    items = [item for item in corpus if item.subset in ZXING_QR]
    assert recall(make_decoder(name), items) >= floor


@pytest.mark.parametrize(("name", "floor"), [("pyzbar", 0.30), ("zxing", 0.42), ("combined", 0.45)])
def test_recall_on_boofcv_photos(corpus, name, floor):
    items = [item for item in corpus if item.subset.startswith("boofcv/")]
    assert recall(make_decoder(name), items) >= floor


@pytest.mark.parametrize("name", ["pyzbar", "zxing", "combined"])
def test_false_positive_photos_give_no_decodes(corpus, name):
    decoder = make_decoder(name)
    items = [item for item in corpus if item.subset == "zxing/falsepositives"]
    assert items
    assert [item.path.name for item in items if decoder.decode(load_image(item))] == []


def test_staged_zxing_skips_the_fallback_on_an_empty_desk():
    # Printed text lines on the desk are edge-dense but not a code: no full-size read, no pyzbar.
    frame = render_frame(None, (1920, 1080), seed=7)
    assert make_decoder("combined").primary.decode_staged(frame) == ([], False)


def test_staged_half_size_read_reports_full_frame_pixels():
    frame = render_frame("K7Q2M9XA", (1920, 1080), seed=3)
    (staged,) = make_decoder("combined").decode(frame)
    (full,) = make_decoder("zxing").decode(frame)
    (sx, sy), (fx, fy) = staged.centre(), full.centre()
    assert staged.text == "K7Q2M9XA" and abs(sx - fx) < 6 and abs(sy - fy) < 6
