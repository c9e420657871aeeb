package io.kubelab.linux.proxy;

import io.kubelab.engine.runtime.HttpResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CurlOutputTest {
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nDate: Thu, 26 Nov 2026 18:38:48 GMT\r\nConnection: close\r\n"
            + "Content-type: text/html\r\nContent-Length: 6\r\n\r\npod-a\n";
    private static final List<String> CONNTRACK = List.of(
            "ipv4     2 tcp      6 112 TIME_WAIT src=192.168.49.2 dst=10.96.0.5 sport=47116 dport=80 src=10.244.1.5 dst=192.168.49.2 sport=80 dport=47116 [ASSURED] mark=0 zone=0 use=2",
            "ipv4     2 tcp      6 110 TIME_WAIT src=192.168.49.2 dst=10.96.0.5 sport=47104 dport=80 src=10.244.0.5 dst=10.244.0.1 sport=80 dport=47104 [ASSURED] mark=0 zone=0 use=2",
            "ipv4     2 tcp      6 100 TIME_WAIT src=192.168.49.2 dst=10.244.1.5 sport=47000 dport=80 src=10.244.1.5 dst=192.168.49.2 sport=80 dport=47000 [ASSURED] mark=0 zone=0 use=2");

    @Test
    void readsTheAnswerTheClientAddressAndTheConntrackTable() {
        String out = ANSWER + CurlOutput.writeOut().replace("%{local_ip}", "192.168.49.2").replace("%{local_port}", "47104")
                + CurlOutput.CONNTRACK_MARK + "\n" + String.join("\n", CONNTRACK) + "\n";
        CurlOutput.Parsed p = CurlOutput.parse(out, "", 0);

        assertThat(p.result()).isInstanceOfSatisfying(HttpResult.Response.class, r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.reason()).isEqualTo("OK");
            assertThat(r.headers()).containsEntry("Content-type", "text/html").containsEntry("Connection", "close");
            assertThat(r.body()).isEqualTo("pod-a\n");
        });
        assertThat(p.localIp()).isEqualTo("192.168.49.2");
        assertThat(p.localPort()).isEqualTo(47104);
        assertThat(p.conntrack()).hasSize(3);
    }

    @Test
    void theReplySourceOfTheMatchingEntryIsThePodThatAnswered() {
        assertThat(CurlOutput.natTarget(CONNTRACK, "192.168.49.2", 47104, "10.96.0.5", 80))
                .contains(new CurlOutput.Target("10.244.0.5", 80));
        assertThat(CurlOutput.natTarget(CONNTRACK, "192.168.49.2", 47116, "10.96.0.5", 80))
                .contains(new CurlOutput.Target("10.244.1.5", 80));
        // Not NATed (straight to a pod), or no such connection.
        assertThat(CurlOutput.natTarget(CONNTRACK, "192.168.49.2", 47000, "10.244.1.5", 80)).isEmpty();
        assertThat(CurlOutput.natTarget(CONNTRACK, "192.168.49.2", 1, "10.96.0.5", 80)).isEmpty();
    }

    @Test
    void skipsInterimAnswers() {
        HttpResult r = CurlOutput.response("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nServer: x\r\n\r\nnope");
        assertThat(r).isEqualTo(new HttpResult.Response(404, "Not Found", java.util.Map.of("Server", "x"), "nope"));
    }

    @Test
    void mapsCurlFailuresToRefusedAndUnreachable() {
        String w = "\n" + CurlOutput.MARK + "  0\n";
        assertThat(CurlOutput.parse(w, "* connect to 10.96.0.9 port 80 failed: Connection refused\ncurl: (7) Failed to connect to 10.96.0.9 port 80 after 0 ms: Couldn't connect to server\n", 7)
                .result()).isInstanceOf(HttpResult.Refused.class);
        assertThat(CurlOutput.parse(w, "curl: (7) Failed to connect to 10.96.0.9 port 80 after 0 ms: Couldn't connect to server\n", 7)
                .result()).isInstanceOf(HttpResult.Unreachable.class);
        assertThat(CurlOutput.parse(w, "curl: (28) Connection timed out after 5001 milliseconds\n", 28).result())
                .isInstanceOf(HttpResult.Unreachable.class);
    }
}
