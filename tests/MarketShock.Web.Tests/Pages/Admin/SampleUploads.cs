using System.Net.Http.Headers;
using System.Text;
using MarketShock.Tests.Imports;

namespace MarketShock.Tests.Pages.Admin;

/// <summary>Small Yahoo Finance files for the upload tests, one good, one with two bad lines, and the form that sends them.</summary>
internal static class SampleUploads
{
    public const string Nvda = $"""
        {ImportHelpers.Header}
        2025-01-23,145.05,147.23,143.72,147.22,147.19,155915500
        2025-01-24,148.37,148.97,141.88,142.62,142.59,234657600
        2025-01-27,124.80,128.40,116.70,118.42,118.40,818830900
        2025-01-28,121.81,129.00,116.25,118.4,118.38,579666400
        """;

    /// <summary>Line 3 has a High below its Low; line 5 a date in the wrong format.</summary>
    public const string BadAmd = $"""
        {ImportHelpers.Header}
        2025-01-23,121.5,123.9,120.1,122.9,122.9,35000000
        2025-01-24,122.1,116.7,123.4,121.0,121.0,31000000
        2025-01-27,115.2,117.3,114.1,115.0,115.0,52000000
        2025/01/28,116.0,118.2,115.1,117.5,117.5,40000000
        """;

    /// <summary>A multipart body in the order of the page's form: the token, the options, then the files.</summary>
    public static MultipartFormDataContent Multipart(string? token, (string Name, string Content)[] files, Dictionary<string, string>? fields = null)
    {
        var content = new MultipartFormDataContent();
        if (token is not null)
            content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, value) in fields ?? [])
            content.Add(new StringContent(value), name);
        foreach (var (name, text) in files)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, "files", name);
        }
        return content;
    }
}
