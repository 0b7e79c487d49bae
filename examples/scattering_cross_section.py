# %% [markdown]
# # Scattering by a dipole: deflection and cross-section
#
# A parallel beam of unit charges comes in from the +x side (travelling towards −x) at speed 1 and passes the
# point dipole at impact parameters b from −3 to 3. For the point dipole the whole scattering is exact: a
# charge from infinity has C = ½(bv)² + k cos α, it falls in when C ≤ 0 (so |b| < √(−2k cos α)/v), and its
# outgoing direction is the Sundman-time pendulum's angle after Δτ = π/√(2C). We integrate the beam, measure
# the deflection Θ(b) and the differential cross-section dσ/dΘ = Σ|db/dΘ|, and check both against the exact
# answer. This file is written in cells (`# %%`): Jupyter (with jupytext) and VS Code open it as a notebook,
# and `python examples/scattering_cross_section.py` runs it as a script (the tests run it too).

# %%
import math

import numpy as np
from matplotlib.figure import Figure

import app.api as dl
from physics.scattering import capture_width, differential_cross_section, exact_deflection

k, speed, direction = 1.0, 1.0, math.pi  # the beam travels along −x
beam = dl.scatter(k=k, speed=speed, b_min=-3.0, b_max=3.0, n=241, direction=direction)
b = beam.b

# %% [markdown]
# ## Who falls in
# The charges with C ≤ 0 fall into the dipole: a band of impact parameters around the axis.

# %%
width = capture_width(speed, direction, k)
inside = np.abs(b) < width
edge = np.abs(np.abs(b) - width) < 0.03  # right at the edge the integration decides by rounding
captured_as_predicted = bool(np.all(beam.falls[~edge] == inside[~edge]))
print(f"capture band |b| < {width:.6f} (√2): {int(beam.falls.sum())} of {len(b)} fell in; as predicted: {captured_as_predicted}")

# %% [markdown]
# ## The deflection Θ(b)
# The beam starts 25 units out, each charge on its exact incoming orbit (the same E and C as the charge from
# infinity), so the measured deflection is the exact one up to the integrator's tolerance. Right at the capture
# edge (C → 0) the charge winds round the dipole ever more times and Θ(b) oscillates without end; we leave out
# the last 0.02 of b there.

# %%
exact = np.array([exact_deflection(float(bi), speed, direction, k) for bi in b])
away = ~beam.falls & (np.abs(np.abs(b) - width) > 0.02)
worst = float(np.max(np.abs(beam.deflection[away] - exact[away])))
print(f"largest |Θ − Θ_exact| on {int(away.sum())} scattered charges: {worst:.2e} rad")

# %% [markdown]
# ## The differential cross-section
# dσ/dΘ = |db/dΘ| on each unbroken run of b; it is large where Θ(b) is flat (far out, and at rainbows).

# %%
theta_num, sigma_num = differential_cross_section(b, beam.deflection)
fine_b = np.linspace(-3.0, 3.0, 2401)
fine = np.array([exact_deflection(float(bi), speed, direction, k) for bi in fine_b])
theta_exact, sigma_exact = differential_cross_section(fine_b, fine)

fig = Figure(figsize=(11, 4.2), layout="constrained")
ax_theta, ax_sigma = fig.subplots(1, 2)
ax_theta.plot(fine_b, np.degrees(fine), ".", color="0.6", ms=2, label="exact")  # dots: Θ jumps across ±180°
ax_theta.plot(b, np.degrees(beam.deflection), ".", ms=4, label="integrated")
ax_theta.axvspan(-width, width, color="tab:red", alpha=0.12, label="falls in")
ax_theta.set(xlabel="impact parameter b", ylabel="deflection Θ (degrees)", title="Θ(b)")
ax_theta.legend()
ax_sigma.semilogy(np.degrees(theta_exact), sigma_exact, ".", color="0.6", ms=2, label="exact")
ax_sigma.semilogy(np.degrees(theta_num), sigma_num, ".", ms=4, label="integrated")
ax_sigma.set(xlabel="deflection Θ (degrees)", ylabel="dσ/dΘ", title="differential cross-section")
ax_sigma.legend()
fig.savefig("scattering-cross-section.png", dpi=100)

# %% [markdown]
# ## The same figure as the app draws it
# The scattering lab of the window, on a Figure of our own (its default beam at the setup's k):

# %%
lab = Figure(figsize=(11, 4.2), layout="constrained")
dl.draw_panel(lab, dl.setup(k=k), "scattering")
lab.savefig("scattering-lab.png", dpi=100)
