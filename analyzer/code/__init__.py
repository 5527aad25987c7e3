"""What the code does: manifests, imports and constructs, the catalog match, workload kinds."""
