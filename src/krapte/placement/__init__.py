"""Central internship placement: a fair, stable allocation of internship places."""
