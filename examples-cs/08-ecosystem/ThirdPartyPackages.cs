// Card: a NuGet package (Newtonsoft.Json) mirrors a pip package (pydantic): both declared once per course, both parse JSON into a typed model and reject bad input
using Newtonsoft.Json;

#region core
var order = JsonConvert.DeserializeObject<Order>("{\"id\": 7, \"customer\": \"Ada\", \"total\": 12.5}")!;
Console.WriteLine($"{order.Id} {order.Customer} {order.Total:F2}");
Console.WriteLine(JsonConvert.SerializeObject(order));

try
{
    JsonConvert.DeserializeObject<Order>("{\"id\": \"seven\", \"customer\": \"Ada\", \"total\": 1}");
}
catch (JsonReaderException e)
{
    Console.WriteLine($"invalid: {e.Path}");
}
#endregion

record Order(
    [property: JsonProperty("id")] int Id,
    [property: JsonProperty("customer")] string Customer,
    [property: JsonProperty("total")] double Total);
