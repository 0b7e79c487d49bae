"""Integration of launches in Sundman time: one contract, three engines.

contract.py: what every engine is given and returns, and the rules all keep (stop codes, the stall
rule, budgets, the cfg layout). scipy_engine.simulate: one launch with any solve_ivp method.
batch.simulate_batch: many launches, by numba_kernel.py (printed with the model into a module by
generated.py, compiled by numba) or numpy_engine.py. fall.py: the end of a fall from the r² law.
"""
