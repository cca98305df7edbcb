using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The console logging every Gimbal host uses: one line per message, quiet framework chatter.</summary>
public static class GimbalLoggingExtensions
{
    public static ILoggingBuilder AddGimbalConsole(this ILoggingBuilder logging, LogLevel minimum = LogLevel.Information)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(minimum);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Yarp", LogLevel.Warning);
        return logging;
    }
}
