"""The charge in space: a unit charge near a point dipole along +x, in three dimensions (issue 18).

launch.py: the initial conditions with z. equations.py: sympy's Euler–Lagrange equations in spherical
coordinates (r, θ from +x, φ the azimuth around the axis) and the regular right-hand side in Sundman time
made from them. motion.py: the integration, the invariants E, C, L_axis and the exact fate.
"""
