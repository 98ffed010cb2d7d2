using System.Net;
using System.Text.RegularExpressions;
using MarketShock.Admin;
using MarketShock.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>An admin account, and signing in over HTTP the way a browser does: the form's antiforgery token, then the cookie.</summary>
internal static partial class AdminSession
{
    public const string Email = "admin@example.com";
    public const string Password = "Correct-Horse-42-Battery";

    public static async Task CreateAdminAsync(this AppFixture app, string email = Email, string password = Password)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var result = await AdminAccounts.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(), email, password);
        Assert.True(result.Succeeded, AdminAccounts.Describe(result));
    }

    /// <summary>A client (with its own cookies) signed in as the admin <see cref="Email"/>, who must exist.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this AppFixture app)
    {
        var client = app.CreateClient();
        var response = await client.SignInAsync(Email, Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"signing in answered {response.StatusCode}");
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, string path = "/admin/signin")
    {
        var token = await client.FormTokenAsync(path);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    /// <summary>Opens <paramref name="path"/> in the browser, signs in on the form it is sent to, and waits to be back there.</summary>
    public static async Task SignInAsync(this BrowserPage tab, Uri baseAddress, string path = "/admin/uploads")
    {
        await tab.Page.GotoAsync(path);
        Assert.EndsWith($"/admin/signin?ReturnUrl={Uri.EscapeDataString(path)}", tab.Page.Url, StringComparison.Ordinal);
        await tab.Page.GetByLabel("Email").FillAsync(Email);
        await tab.Page.GetByLabel("Password").FillAsync(Password);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.ArrivedAtAsync(new Uri(baseAddress, path));
    }

    /// <summary>The antiforgery token of the first form on the page at <paramref name="path"/>.</summary>
    public static async Task<string> FormTokenAsync(this HttpClient client, string path) =>
        FormToken(await client.GetStringAsync(new Uri(path, UriKind.Relative)), path);

    /// <summary>The antiforgery token of the first form in <paramref name="html"/>, the page at <paramref name="path"/>.</summary>
    public static string FormToken(string html, string path)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"{path} has no form with an antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static Task<string> TextAsync(this HttpClient client, string path) => client.GetStringAsync(new Uri(path, UriKind.Relative));

    /// <summary>The page's text without its markup, for asserting on what a reader sees (a line-break opportunity is no space).</summary>
    public static string Text(string html) =>
        WebUtility.HtmlDecode(Whitespace().Replace(Tags().Replace(html.Replace("<wbr>", "", StringComparison.Ordinal), " "), " ")).Trim();

    [GeneratedRegex(""""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"""")]
    private static partial Regex TokenField();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
