using System.Net;
using System.Net.Sockets;

namespace MarketShock.Tests.Infrastructure;

/// <summary>
/// A loopback port that forwards to another while it is open: a database server that can be made to go away (connections
/// refused, those open cut) and come back, without stopping the test run's PostgreSQL.
/// </summary>
public sealed class TcpRelay(int targetPort) : IAsyncDisposable
{
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private long _sent;

    /// <summary>The relay's port, free until <see cref="Open"/> listens on it.</summary>
    public int Port { get; } = FreePort();

    /// <summary>The bytes relayed to the target so far: how far a client is into what it sends.</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>Listens and forwards every connection to the target.</summary>
    public void Open()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        var listener = _listener;
        _accepting = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = RelayAsync(client);
            }
        });
    }

    /// <summary>Stops listening (new connections are refused) and cuts the connections open through it.</summary>
    public async Task CloseAsync()
    {
        _listener?.Stop();
        _listener = null;
        await _accepting;
        Cut();
    }

    /// <summary>Cuts the connections open through it and goes on listening: a connection lost once, which a new one replaces.</summary>
    public void Cut()
    {
        lock (_open)
        {
            foreach (var client in _open)
                client.Dispose();
            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_open)
            _open.AddRange([client, server]);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort);
            await Task.WhenAny(SendAsync(client.GetStream(), server.GetStream()), server.GetStream().CopyToAsync(client.GetStream()));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Cut by CloseAsync, or by either end.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task SendAsync(Stream from, Stream to)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read));
            Interlocked.Add(ref _sent, read);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
