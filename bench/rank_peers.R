# The peers of bench/rank-family.js, on one matrix (row-major float32 in FILE, ROWS × COLS) and one grid
# of ranks KS (comma-separated); prints "bcv K" and "cophenetic K" lines (NA where not run).
#   bcv: Owen & Perry's (2009) bi-cross-validation built from RcppML's own nmf and project (Debian's
#     RcppML 0.3.7 predates crossValidate): REPS times, a random half of the rows I and of the columns J
#     held out, NMF of X[-I, -J], the held-out rows' W by NNLS on X[I, -J] and columns' H on X[-I, J],
#     error ‖X[I, J] − W_I H_J‖²; the k of the lowest mean error.
#   cophenetic: R NMF's nmf(X, ks, nrun = NRUN) (method brunet, its default), Brunet et al.'s (2004)
#     rule: the k where the cophenetic coefficient first falls (the last k before the first drop).
#     Run where COPH is 1 (it is slow: 10 runs per k).
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; rows <- as.integer(args[2]); cols <- as.integer(args[3]); ks <- as.integer(strsplit(args[4], ",")[[1]])
coph <- args[5] == "1"; reps <- 3; nrun <- 10
suppressMessages({ library(RcppML); library(Matrix) })
A <- matrix(readBin(file, "numeric", size = 4, n = rows * cols), nrow = rows, byrow = TRUE)
A <- A[rowSums(A) > 0, colSums(A) > 0, drop = FALSE]
set.seed(1)
err <- matrix(0, reps, length(ks))
for (r in seq_len(reps)) {
  I <- sample(nrow(A), floor(nrow(A) / 2)); J <- sample(ncol(A), floor(ncol(A) / 2))
  train <- A[-I, -J]
  for (q in seq_along(ks)) {
    fit <- RcppML::nmf(as(train, "dgCMatrix"), ks[q], verbose = FALSE, seed = r, tol = 1e-5, maxit = 200)
    w <- fit$w %*% diag(fit$d, nrow = ks[q])
    hJ <- RcppML::project(as(A[-I, J, drop = FALSE], "dgCMatrix"), w = w)
    wI <- t(RcppML::project(as(t(A[I, -J, drop = FALSE]), "dgCMatrix"), w = t(fit$h)))
    err[r, q] <- sum((A[I, J] - wI %*% hJ)^2)
  }
}
cat("bcv", ks[which.min(colMeans(err))], "\n")
if (coph) {
  suppressMessages(library(NMF))
  res <- NMF::nmf(A, ks, nrun = nrun, seed = 123456, .options = "-p")
  c <- res$measures$cophenetic
  drop <- which(diff(c) < 0)
  cat("cophenetic", if (length(drop)) ks[drop[1]] else ks[length(ks)], "\n")
} else cat("cophenetic NA\n")
