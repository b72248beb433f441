"""Charts on disk: loading chart directories and archives into ``hapi.chart.Chart``."""
