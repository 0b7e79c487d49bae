"""The analysis figures (regime map, hidden pendulum, scattering lab, invariants): each drawn on a Figure it is given."""
