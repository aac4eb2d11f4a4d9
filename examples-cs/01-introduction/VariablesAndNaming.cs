// Card: var/const/camelCase vs plain assignment/UPPER_CASE/snake_case - no declarations, and a name can be rebound to any type
#region core
const int MaxRetries = 3;
var userName = "ada";
int retryCount = 0;
retryCount++;
var (first, last) = ("Ada", "Lovelace");
(first, last) = (last, first);
object value = 42;
value = "forty-two";              // only compiles because value is declared as object
#endregion
Console.WriteLine($"{MaxRetries} {userName} {retryCount}");
Console.WriteLine($"{first} {last}");
Console.WriteLine($"value = {value}");
