"""The challenge: hit a target on the plot with a launch, in a limited number of tries (issue 17, Play).

Levels are JSON files (levels.py reads and checks them; the shipped ones are in levels/), a launch's
outcome is judged from the trajectory the state computed (outcome.py), and drawing.py puts a level's
shapes on an Axes. Qt-free: the window's part is ui/challenge.py.
"""

from app.challenge.levels import Level, LevelError, Shape, builtin_levels, load_level, load_levels, parse_level
from app.challenge.outcome import Outcome, Run, judge

__all__ = ["Level", "LevelError", "Outcome", "Run", "Shape", "builtin_levels", "judge", "load_level", "load_levels", "parse_level"]
