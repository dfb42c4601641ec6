"""The commands of ``fedlocal``, one module per group of commands."""
