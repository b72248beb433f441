"""Release use-cases, one module per RPC. No gRPC types here."""
