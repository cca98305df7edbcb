using System.Globalization;
using System.Text;

namespace Gimbal.Yarp.FastLane.Http;

/// <summary>The current time as an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted once per second per event loop.</summary>
internal sealed class DateHeader(TimeProvider time)
{
    private readonly byte[] _value = new byte[29];
    private long _second = -1;

    public ReadOnlySpan<byte> Value
    {
        get
        {
            var now = time.GetUtcNow();
            var second = now.ToUnixTimeSeconds();
            if (second != _second)
            {
                _second = second;
                Encoding.ASCII.GetBytes(now.ToString("r", CultureInfo.InvariantCulture), _value);
            }

            return _value;
        }
    }
}
