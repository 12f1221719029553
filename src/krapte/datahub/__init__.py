"""Data hub: the versioned store of figures on social workers, its checks and claims."""
