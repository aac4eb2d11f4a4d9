// Card: CPU-bound work - C#'s Task.Run/Parallel.For run on cores in parallel; Python threads take turns under the GIL, so use ProcessPoolExecutor
var mainThreadId = Environment.CurrentManagedThreadId;

(int Count, bool OnWorker) CountPrimes((int Lo, int Hi) bounds)
{
    var count = 0;
    for (var n = Math.Max(bounds.Lo, 2); n < bounds.Hi; n++)
    {
        var prime = true;
        for (var d = 2; d * d <= n && prime; d++)
            prime = n % d != 0;
        if (prime) count++;
    }
    return (count, Environment.CurrentManagedThreadId != mainThreadId);
}

(int, int)[] chunks = [(0, 5_000), (5_000, 10_000), (10_000, 15_000), (15_000, 20_000)];
#region core
// Thread-pool threads run C# code truly in parallel, one per core; so would Parallel.For.
var results = await Task.WhenAll(chunks.Select(c => Task.Run(() => CountPrimes(c))));
#endregion
Console.WriteLine($"primes per chunk: {string.Join(", ", results.Select(r => r.Count))}");
Console.WriteLine($"total: {results.Sum(r => r.Count)}");
Console.WriteLine($"computed by workers, not by the caller: {results.All(r => r.OnWorker)}");
