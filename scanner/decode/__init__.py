"""Reading codes from frames (Qt-free): the decoder interface and factory, its back-ends, image helpers,
the debounce, and the `antrian-gate decode` command."""
