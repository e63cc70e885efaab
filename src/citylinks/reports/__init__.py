"""The questions an analyst asks. Each report reads in a fixed number of queries (never one
per row) and returns plain rows; rendering is the job of citylinks.render."""
