"""Measurement: capaian, predikat, aggregation over periods (`rules`) and their types (`types`)."""
