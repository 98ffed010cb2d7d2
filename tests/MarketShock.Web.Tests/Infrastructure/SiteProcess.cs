using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MarketShock.Tests.Infrastructure;

/// <summary>
/// The site as its own process (the real executable, <see cref="Cli.StartInfo"/>), on a free loopback port: for what only
/// a process shows, its log from the first line and what it does on a signal.
/// </summary>
public sealed partial class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiteProcess(ProcessStartInfo info)
    {
        _process = new Process { StartInfo = info };
        DataReceivedEventHandler read = (_, line) =>
        {
            lock (_log)
                _log.AppendLine(line.Data);
            // The address as the plain log writes it, or as the JSON log's property (Production).
            if (line.Data is { } text && text.Contains("Now listening on", StringComparison.Ordinal) && LoopbackAddress().Match(text) is { Success: true } match)
                _listening.TrySetResult(new Uri(match.Value));
        };
        _process.OutputDataReceived += read;
        _process.ErrorDataReceived += read;
    }

    /// <summary>Where it listens, once it says so.</summary>
    public Uri Address { get; private set; } = null!;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public int Id => _process.Id;

    /// <summary>Starts the site with <paramref name="environment"/> on top of the test database and Production, and waits until it listens.</summary>
    public static async Task<SiteProcess> StartAsync(AppFixture app, IDictionary<string, string>? environment = null)
    {
        var settings = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            settings[key] = value;
        var site = new SiteProcess(app.StartInfo([], settings));
        site._process.Start();
        site._process.BeginOutputReadLine();
        site._process.BeginErrorReadLine();
        try
        {
            site.Address = await site._listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            await site.DisposeAsync();
            throw new TimeoutException($"The site did not say where it listens within a minute. Its log:\n{site.Log}");
        }
        return site;
    }

    /// <summary>SIGTERM, as a service manager or a container runtime stops it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Its exit code, once it has exited (within <paramref name="timeout"/>).</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex LoopbackAddress();
}
