using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MarketShock.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium per test class (use as <c>IClassFixture&lt;Browser&gt;</c>). It never downloads a browser:
/// it launches /usr/bin/chromium, and each page gets a fresh context with its own viewport.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new page on the site at <paramref name="baseAddress"/>; relative addresses in GotoAsync resolve against it.</summary>
    public async Task<BrowserPage> OpenAsync(Uri baseAddress, ViewportSize viewport, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), ViewportSize = viewport, ColorScheme = scheme,
        });
        return new BrowserPage(context, await context.NewPageAsync(), baseAddress);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>A page that records what went wrong while it loaded: console errors, script errors, failed requests and broken assets.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    internal BrowserPage(IBrowserContext context, IPage page, Uri origin)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") Record($"console error: {message.Text}"); };
        page.PageError += (_, error) => Record($"page error: {error}");
        page.RequestFailed += (_, request) => Record($"request failed: {request.Method} {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            // The document's own status is the test's business (a 404 page is meant to be a 404); its assets must all load.
            if (response.Status >= 400 && response.Request.ResourceType != "document"
                && Uri.Compare(new Uri(response.Url), origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
                Record($"asset {response.Status}: {response.Request.ResourceType} {response.Url}");
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Problems
    {
        get { lock (_problems) return [.. _problems]; }
    }

    /// <summary>
    /// Waits until the page's address is <paramref name="address"/>, as after a form's redirect. Not WaitForURLAsync: it
    /// also waits for the load event, which Playwright at times never reported after a redirect (a 30 s timeout with the
    /// network idle) where the page was there. The locators that follow wait for their elements.
    /// </summary>
    public Task ArrivedAtAsync(Uri address) =>
        Assertions.Expect(Page).ToHaveURLAsync(address.ToString(), new() { Timeout = 30_000 });

    /// <summary>Saves a full-page screenshot under the test output's screenshots folder, for people to look at.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Lets the page read and write the clipboard (for "Copy link").</summary>
    public Task AllowClipboardAsync() => _context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

    /// <summary>axe-core's serious and critical violations on the page as it is now, one line each.</summary>
    public async Task<IReadOnlyList<string>> AccessibilityViolationsAsync()
    {
        var result = await Page.RunAxe();
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(5).Select(n => n.Target?.ToString()))}")];
    }

    /// <summary>How far the document is wider than the window (0 when nothing scrolls sideways), and what sticks out.</summary>
    public async Task<(int Overflow, string[] Culprits)> HorizontalOverflowAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var culprits = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => !e.parentElement?.closest('.table-scroll, .chart-box') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${[...e.classList].map(c => '.' + c).join('')} right=${Math.round(e.getBoundingClientRect().right)}`)
            """);
        return (overflow, culprits);
    }

    public ValueTask DisposeAsync() => new(_context.CloseAsync());

    private void Record(string problem)
    {
        lock (_problems)
            _problems.Add(problem);
    }
}
