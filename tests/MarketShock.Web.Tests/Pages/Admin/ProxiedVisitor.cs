namespace MarketShock.Tests.Pages.Admin;

/// <summary>
/// A browser behind the site's reverse proxy: each request says, in the forwarded headers a loopback proxy sends, which
/// client address it comes from and whether it was HTTPS. It keeps the cookies it is given by name, as a browser does on
/// a secure page, whatever their Secure flag (which a client of plain http://127.0.0.1 would refuse to send).
/// </summary>
public sealed class ProxiedVisitor(HttpClient client, string address, bool https = true)
{
    public Dictionary<string, string> Cookies { get; } = [];

    /// <summary>Every Set-Cookie header the visitor was sent, as written.</summary>
    public List<string> SetCookies { get; } = [];

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent content) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-For", address);
        request.Headers.Add("X-Forwarded-Proto", https ? "https" : "http");
        if (Cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await client.SendAsync(request);
        foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(cookie);
            var pair = cookie.Split(';')[0].Split('=', 2);
            Cookies[pair[0]] = pair[1];
        }
        return response;
    }

    /// <summary>Signs in through the form: its antiforgery token and cookie, then the POST.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        using var form = await GetAsync("/admin/signin");
        var token = AdminSession.FormToken(await form.Content.ReadAsStringAsync(), "/admin/signin");
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        });
        return await PostAsync("/admin/signin", fields);
    }
}
