# R forecast::ets on the same holdout split as the backtest CLI: for every series of a long CSV
# (series_id,period,value), the last H values are held out, ets() is fit on the rest as a ts of
# frequency M, and the H-step forecast with its 80/90/98 % intervals is written as
# series_id,model,step,forecast,p50,p90,p95,p99 (upper bounds of the 80/90/98 % intervals are
# the 0.9/0.95/0.99 quantiles).
# Usage: Rscript bench/accuracy/r-ets.R INPUT.csv H M OUTPUT.csv
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
input <- args[1]; h <- as.integer(args[2]); m <- as.integer(args[3]); output <- args[4]
data <- read.csv(input, colClasses = c("character", "character", "numeric"))
ids <- unique(data$series_id)
rows <- vector("list", length(ids))
started <- proc.time()[["elapsed"]]
for (k in seq_along(ids)) {
  y <- data$value[data$series_id == ids[k]]
  n <- length(y)
  if (n <= h) next
  train <- ts(y[1:(n - h)], frequency = m)
  fc <- tryCatch({
    f <- forecast(ets(train), h = h, level = c(80, 90, 98))
    data.frame(mean = as.numeric(f$mean), p90 = as.numeric(f$upper[, 1]), p95 = as.numeric(f$upper[, 2]), p99 = as.numeric(f$upper[, 3]))
  }, error = function(e) NULL)
  if (is.null(fc)) next
  rows[[k]] <- data.frame(series_id = ids[k], model = "r-ets", step = seq_len(h), forecast = fc$mean,
                          p50 = fc$mean, p90 = fc$p90, p95 = fc$p95, p99 = fc$p99)
}
elapsed <- proc.time()[["elapsed"]] - started
write.csv(do.call(rbind, rows), output, row.names = FALSE, quote = FALSE)
cat(sprintf("r-ets: %d series in %.1f s (%.1f ms/series)\n", length(ids), elapsed, 1000 * elapsed / length(ids)))
