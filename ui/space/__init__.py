"""The 3-D view of the charge in space (issue 18): its window (window.py) and its launch dialog (launch.py)."""
