// Analytics tests are pure computations; they run in parallel by class (xunit default).
