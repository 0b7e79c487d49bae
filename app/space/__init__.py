"""The charge in space in the app (issue 18): the scene the 3-D view shows, its data files and presets.

scene.py: SpaceScene, the Qt-free model of the 3-D view (k, launches with z, their trajectories, the clock),
the presets and the session entries. data.py: trajectories with z columns as CSV, JSON and NPZ. The 3-D
figure is drawn by app/figures/space.py; the command line is app/cli/space.py.
"""
