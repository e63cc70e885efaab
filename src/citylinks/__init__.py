"""citylinks: cities' memberships in international organizations of cities.

Which cities belong to which organizations, how each membership changed over time, who said
so (every fact carries its sources), and each organization's meetings.
"""

__version__ = "0.1.0"
