"""The ``fedlocal`` command line (installed as ``gametheory.cli``)."""
