// Card: logging.getLogger(name) configured once with basicConfig mirrors ILogger from LoggerFactory.Create: named loggers, a minimum level, lazy %s arguments against message templates
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

#region core
// Disposing the factory at the end flushes the console logger's background queue.
using var factory = LoggerFactory.Create(builder => builder
    .AddSimpleConsole(o =>
    {
        o.SingleLine = true;                              // one line per entry
        o.ColorBehavior = LoggerColorBehavior.Disabled;   // no ANSI colour codes
    })                                                    // TimestampFormat unset: no timestamp
    .SetMinimumLevel(LogLevel.Information)                // the default is Information too
    .AddFilter("shop.db", LogLevel.Warning));             // categories starting with "shop.db"

ILogger orders = factory.CreateLogger("shop.orders");
ILogger db = factory.CreateLogger("shop.db");

orders.LogInformation("Order {OrderId} shipped to {Customer}", 42, "Ada");
orders.LogDebug("Basket has {Count} items", 3);         // below Information: dropped
db.LogInformation("Connected");                         // below shop.db's Warning: dropped
db.LogWarning("Query took {ElapsedMs} ms", 1200);
orders.LogError("Payment for order {OrderId} failed", 43);
#endregion

#region lazy
var basket = new Basket();
orders.LogDebug("Checking {Basket}", basket);   // dropped before formatting: ToString never runs
orders.LogDebug($"Checking {basket}");          // the interpolated string runs ToString first (CA2254)
if (orders.IsEnabled(LogLevel.Debug))           // guard work that only feeds a log line
    orders.LogDebug("Checksum {Checksum}", Enumerable.Range(0, 1_000_000).Sum(i => (long)i));
orders.LogInformation("Basket formatted {Count} time(s)", Basket.Formatted);
#endregion

class Basket
{
    public static int Formatted;

    public override string ToString()
    {
        Formatted++;
        return "Basket(3 items)";
    }
}
