"""Repeated games: strategies as automata, exact critical discount factors, minmax, payoff sets."""

__all__: list[str] = []
