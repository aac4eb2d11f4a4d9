// Card: functools.lru_cache vs a Dictionary cache - one line of decorator, but arguments must be hashable and the default maxsize is 128
#region core
var cache = new Dictionary<int, long>();
int hits = 0, misses = 0;

long Fib(int n)
{
    if (cache.TryGetValue(n, out long known)) { hits++; return known; }
    misses++;
    long result = n < 2 ? n : Fib(n - 1) + Fib(n - 2);
    cache[n] = result;
    return result;
}

Console.WriteLine(Fib(80));
Console.WriteLine($"hits={hits} misses={misses} size={cache.Count}");
#endregion

Fib(80);
Console.WriteLine($"again: hits={hits}");
cache.Clear();
Console.WriteLine($"cleared: size={cache.Count}");
