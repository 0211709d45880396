using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Sweep.Silo;

string? redis = null;
try
{
    var builder = Host.CreateApplicationBuilder(args);
    redis = builder.AddSweepSilo().Redis;
    await builder.Build().RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"sweep-silo: {string.Join("; ", e.Failures)}");
    return 2;
}
catch (Exception e) when (Unreachable(e) is { } cause)
{
    await Console.Error.WriteLineAsync($"sweep-silo: cannot reach Redis at {redis} (Sweep:Silo:Redis): {cause.Message}");
    return 1;
}

static RedisConnectionException? Unreachable(Exception? e) => e switch
{
    null => null,
    RedisConnectionException redis => redis,
    AggregateException all => all.InnerExceptions.Select(Unreachable).FirstOrDefault(found => found is not null),
    _ => Unreachable(e.InnerException),
};
