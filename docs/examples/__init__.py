"""The example files of the documentation, shipped with fedlocal as ``gametheory.examples``.

A path ``examples/NAME`` that is not a file in the current folder is read from here, so every
command in the documentation works from any folder (see
:func:`gametheory.scenario.loader.example_path`).
"""
