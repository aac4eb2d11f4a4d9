# Card: CPU-bound work - C#'s Task.Run/Parallel.For run on cores in parallel; Python threads take turns under the GIL, so use ProcessPoolExecutor
import threading
from concurrent.futures import ThreadPoolExecutor


def count_primes(bounds: tuple[int, int]) -> tuple[int, bool]:
    lo, hi = bounds
    count = sum(1 for n in range(max(lo, 2), hi) if all(n % d for d in range(2, int(n**0.5) + 1)))
    return count, threading.current_thread() is not threading.main_thread()


def main() -> None:
    chunks = [(0, 5_000), (5_000, 10_000), (10_000, 15_000), (15_000, 20_000)]
    # region core
    # Correct, but no faster than a plain loop: only one thread runs Python bytecode at a time (the GIL).
    # For a speed-up, swap in ProcessPoolExecutor (same interface, one interpreter per process).
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(count_primes, chunks))  # results in argument order
    # endregion
    counts = [count for count, _ in results]
    print(f"primes per chunk: {', '.join(str(c) for c in counts)}")
    print(f"total: {sum(counts)}")
    print(f"computed by workers, not by the caller: {all(on_worker for _, on_worker in results)}")


if __name__ == "__main__":  # needed once you switch to processes: workers import this file
    main()
