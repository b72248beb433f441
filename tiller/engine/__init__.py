"""The pure rendering library: Go text/template, Sprig and Helm functions, chart values."""
