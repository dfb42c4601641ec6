"""Analyses across solution concepts: bargaining, commitment, equilibrium selection, regimes."""

__all__: list[str] = []
