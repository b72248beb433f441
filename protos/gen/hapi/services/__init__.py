"""Generated from protos/hapi by scripts/gen_protos.py. Do not edit."""
