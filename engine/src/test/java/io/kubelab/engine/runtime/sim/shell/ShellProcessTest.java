package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellProcessTest {
    private final FakeHost host = new FakeHost();
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final List<Integer> exits = new ArrayList<>();

    private ShellProcess process(boolean pid1) {
        return new ShellProcess(host, Map.of("PATH", "/bin", "HOME", "/root"), "/", pid1,
                new ShellProcess.Io(out::append, err::append, ""), exits::add);
    }

    private ShellProcess run(String... argv) {
        ShellProcess p = process(true);
        p.start(List.of(argv));
        return p;
    }

    @Test
    void helloWorldLoopWritesOneLinePerSimulatedSecond() {
        ShellProcess p = run("sh", "-c", "while true; do echo hello world; sleep 1; done");
        assertThat(out.toString()).isEqualTo("hello world\n");
        host.advance(Duration.ofMillis(999));
        assertThat(out.toString()).isEqualTo("hello world\n");
        host.advance(Duration.ofMillis(1));
        assertThat(out.toString()).isEqualTo("hello world\nhello world\n");
        host.advance(Duration.ofSeconds(3));
        assertThat(out.toString().lines()).hasSize(5).allMatch("hello world"::equals);
        assertThat(p.state()).isEqualTo(ShellProcess.State.WAITING);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-03-05T07:08:09Z | %a %b %h | Thu Mar Mar",
            "2026-03-05T07:08:09Z | %d %e %H:%M:%S %j | 05  5 07:08:09 064",
            "2026-03-05T07:08:09Z | %D %F %T | 03/05/26 2026-03-05 07:08:09",
            "2026-03-05T07:08:09Z | %s %Z %z %% %q | 1772694489 UTC +0000 % %q",
            "2026-12-31T23:59:59.000001234Z | %Y/%m/%d %H:%M:%S.%N %j | 2026/12/31 23:59:59.000001234 365",
            "2026-01-01T00:00:06Z | %Y/%m/%d %H:%M:%S | 2026/01/01 00:00:06",
    })
    void strftimeFormatsAsCoreutilsDate(String instant, String format, String expected) {
        assertThat(Commands.strftime(format, java.time.Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void echoReadsOnlyItsOwnFlagsAsOptions() {
        run("sh", "-c", "echo -n a; echo -e 'b\\tc'; echo -nE d; echo; echo -x e; echo - f; echo -en 'g\\n'");
        assertThat(out.toString()).isEqualTo("ab\tc\nd\n-x e\n- f\ng\n");
    }

    @Test
    void wordsOfOneLiteralKeepTheirEmptyQuotedFieldsAndEchoJoinsOnlyWhenGivenMore() {
        // "" and '' are fields of their own (the script counts 4 arguments); a one-word echo prints
        // its word as it is, several words joined by one blank.
        host.fs.write("/count.sh", "#!/bin/sh\necho $#\necho \"[$1][$3]\"\n", false, host.now());
        run("sh", "-c", "/count.sh \"\" a '' \"b  c\"; echo \"x  y\"; echo ''; echo -n one; echo; echo two  three");
        assertThat(out.toString()).isEqualTo("4\n[][]\nx  y\n\none\ntwo three\n");
    }

    @Test
    void exitCodesAndAndOrLists() {
        run("sh", "-c", "echo a && false || echo b; exit 3");
        assertThat(out.toString()).isEqualTo("a\nb\n");
        assertThat(exits).containsExactly(3);
    }

    @Test
    void commandSubstitutionVariablesAndArithmetic() {
        run("sh", "-c", "i=0; while [ $i -lt 3 ]; do echo \"$(hostname) $i\"; i=$((i+1)); done; echo ${MISSING:-none} $HOME");
        assertThat(out.toString()).isEqualTo("demo 0\ndemo 1\ndemo 2\nnone /root\n");
        assertThat(exits).containsExactly(0);
    }

    @Test
    void forLoopsAndIfElse() {
        run("sh", "-c", "for n in 1 2 3; do if [ $n = 2 ]; then echo two; elif [ $n -gt 2 ]; then echo big; else echo $n; fi; done");
        assertThat(out.toString()).isEqualTo("1\ntwo\nbig\n");
    }

    @Test
    void theLivenessExampleFilesComeAndGo() {
        run("sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600");
        assertThat(host.fs.exists("/tmp/healthy")).isTrue();
        host.advance(Duration.ofSeconds(30));
        assertThat(host.fs.exists("/tmp/healthy")).isFalse();

        StringBuilder probeOut = new StringBuilder();
        List<Integer> probeExit = new ArrayList<>();
        ShellProcess probe = new ShellProcess(host, Map.of("PATH", "/bin"), "/", false,
                new ShellProcess.Io(probeOut::append, probeOut::append, ""), probeExit::add);
        probe.start(List.of("cat", "/tmp/healthy"));
        assertThat(probeExit).containsExactly(1);
        assertThat(probeOut.toString()).isEqualTo("cat: can't open '/tmp/healthy': No such file or directory\n");
    }

    @Test
    void unknownCommandsAreNotFound() {
        run("sh", "-c", "nosuch --flag; echo $?");
        assertThat(err.toString()).isEqualTo("sh: nosuch: not found\n");
        assertThat(out.toString()).isEqualTo("127\n");
    }

    @Test
    void pid1IgnoresTermWithoutATrapButKillEndsIt() {
        ShellProcess p = run("sh", "-c", "sleep 3600");
        p.signal("TERM");
        assertThat(p.state()).isEqualTo(ShellProcess.State.WAITING);
        p.signal("KILL");
        assertThat(exits).containsExactly(137);
    }

    @Test
    void aTrapHandlesTerm() {
        ShellProcess p = run("sh", "-c", "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done");
        host.advance(Duration.ofSeconds(5));
        p.signal("TERM");
        assertThat(out.toString()).isEqualTo("bye\n");
        assertThat(exits).containsExactly(0);
    }

    @Test
    void aProcessThatIsNotPid1DiesOfTerm() {
        ShellProcess p = process(false);
        p.start(List.of("sleep", "100"));
        p.signal("TERM");
        assertThat(exits).containsExactly(143);
    }

    @Test
    void redirectionsAndPipes() {
        run("sh", "-c", "echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f | wc -l; echo oops >&2; ls /nope 2>/dev/null; echo $?");
        assertThat(out.toString()).isEqualTo("2\n1\n");
        assertThat(err.toString()).isEqualTo("oops\n");
        assertThat(host.fs.get("/tmp/f").orElseThrow().content()).isEqualTo("one\ntwo\n");
    }

    @Test
    void dateUsesTheSimulationClock() {
        host.advance(Duration.ofSeconds(5));
        run("sh", "-c", "date; date +%Y/%m/%d\\ %H:%M:%S");
        assertThat(out.toString()).isEqualTo("Thu Jan  1 00:00:05 UTC 2026\n2026/01/01 00:00:05\n");
    }

    @Test
    void syntaxErrorsReadLikeAsh() {
        run("sh", "-c", "while true; do echo x");
        assertThat(err.toString()).isEqualTo("sh: syntax error: unexpected end of file (expecting \"done\")\n");
        assertThat(exits).containsExactly(2);
        assertThatThrownBy(() -> ShellParser.parse("done")).hasMessage("syntax error: unexpected \"done\"");
    }

    @Test
    void httpdServesFilesWithAnAccessLog() {
        host.fs.write("/www/index.html", "<h1>hi</h1>\n", false, host.now());
        run("httpd", "-f", "-p", "8080", "-h", "/www", "--server", "nginx/1.25.5", "--access-log", "nginx");
        HttpResult.Response ok = host.listeners.get(8080).apply(HttpRequest.get("10.244.0.1", "10.244.0.5", 8080, "/", "curl/7.81.0"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("<h1>hi</h1>\n");
        assertThat(ok.headers()).containsEntry("Server", "nginx/1.25.5").containsEntry("Content-Length", "12");
        HttpResult.Response missing = host.listeners.get(8080).apply(HttpRequest.get("10.244.0.1", "10.244.0.5", 8080, "/x", "curl/7.81.0"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("<hr><center>nginx/1.25.5</center>");
        assertThat(out.toString()).isEqualTo(
                "10.244.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"curl/7.81.0\" \"-\"\n"
                + "10.244.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET /x HTTP/1.1\" 404 153 \"-\" \"curl/7.81.0\" \"-\"\n");
    }

    @Test
    void stressOverTheLimitIsOomKilled() {
        host.limit = 100L * 1024 * 1024;
        ShellProcess p = run("stress", "--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1");
        assertThat(out.toString()).isEqualTo("stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n");
        host.advance(Duration.ofSeconds(1));
        assertThat(host.oomKilled).containsExactly(p);
        assertThat(exits).containsExactly(137);
    }

    @Test
    void afterExecNothingOfTheScriptRunsAndSignalsReachTheProgram() {
        host.fs.write("/entry.sh", "#!/bin/sh\ntrap 'echo script trap' TERM\nfor i in 1 2; do\n  exec \"$@\"\n  echo never\ndone\necho never\n", false, host.now());
        host.fs.write("/prog.sh", "#!/bin/sh\ntrap 'echo prog got TERM; exit 3' TERM\necho prog $#\nsleep 100\necho after sleep\n", false, host.now());
        ShellProcess p = run("/entry.sh", "/prog.sh", "a", "b");
        assertThat(out.toString()).isEqualTo("prog 2\n");
        p.signal("TERM");
        assertThat(out.toString()).isEqualTo("prog 2\nprog got TERM\n");
        assertThat(exits).containsExactly(3);
    }

    @Test
    void execReplacesTheScriptAndPassesArguments() {
        host.fs.write("/entry.sh", "#!/bin/sh\necho \"starting $1\"\nexec \"$@\"\n", false, host.now());
        run("/entry.sh", "echo", "from", "exec");
        assertThat(out.toString()).isEqualTo("starting echo\nfrom exec\n");
        assertThat(exits).containsExactly(0);
    }

    @Test
    void aBusyLoopYieldsInsteadOfHangingTheEngine() {
        run("sh", "-c", "while true; do :; done");
        host.advance(Duration.ofSeconds(3));
        assertThat(exits).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"${v%%-*}|1.14.2", "${v%-*}|1.14.2", "${v#*.}|14.2-1~stretch", "${v##*.}|2-1~stretch",
            "${v%.*}|1.14", "${#v}|16"})
    void prefixAndSuffixRemoval(String expression, String expected) {
        run("sh", "-c", "v=1.14.2-1~stretch; echo " + expression);
        assertThat(out.toString()).isEqualTo(expected + "\n");
    }

    @ParameterizedTest
    @CsvSource({"1,PT1S", "0.5,PT0.5S", "2m,PT2M", "1h,PT1H"})
    void sleepDurations(String arg, Duration expected) {
        assertThat(Commands.parseSleep(arg)).isEqualTo(expected);
    }

    @Test
    void aQuotedWordWithParametersFollowsTheirValuesEveryTime() {
        // The same word expanded again and again (its last expansion is reused only while the
        // values are the same): one value changes, then the other, then both come back; an unset
        // and an empty value; "$@" and "$*" of no arguments beside it.
        run("sh", "-c", "w=one; for v in a a b a; do echo \"[$w|$v]\"; [ $v = b ] && w=two; done; "
                + "unset w; v=; echo \"[$w|$v]\"; echo \"<$1:$#>\" \"$@\" \"$*\"; printf '%s\\n' \"$v\" | wc -c");
        assertThat(out.toString()).isEqualTo("[one|a]\n[one|a]\n[one|b]\n[two|a]\n[|]\n<:0> \n1\n");
        assertThat(err.toString()).isEmpty();
    }
}
