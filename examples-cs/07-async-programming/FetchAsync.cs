// Card: aiohttp.ClientSession vs HttpClient.GetStringAsync - session and response are `async with` blocks
#region core
var baseUrl = Environment.GetEnvironmentVariable("MIRROR_HTTP_BASE"); // the course's local fixture server

async Task<string> FetchAsync(string url)
{
    using var client = new HttpClient();
    return await client.GetStringAsync(url); // throws HttpRequestException on 4xx/5xx
}

string data = await FetchAsync($"{baseUrl}/greeting.txt");
Console.WriteLine(data);
#endregion
