{
  "targets": [{
    "target_name": "latent_mpi",
    "sources": ["mpi.c"],
    "cflags": ["-O2", "-Wall", "<!@(mpicc --showme:compile)"],
    "libraries": ["<!@(mpicc --showme:link)"]
  }]
}
