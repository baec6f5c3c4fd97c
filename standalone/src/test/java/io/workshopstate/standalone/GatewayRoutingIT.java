package io.workshopstate.standalone;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gateway's own {@code gateway/nginx.conf}, run by a real nginx in front of two stand-in backends that
 * answer with their name, so the routing of the split deployment is tested without Docker. Only the
 * addresses and the file locations are rewritten; the routing, headers and body limit are the file's own.
 */
class GatewayRoutingIT {

    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path nginxDir;

    private static HttpServer commandSide;
    private static HttpServer querySide;
    private static Process nginx;
    private static int gatewayPort;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void startGateway() throws IOException, InterruptedException {
        Optional<Path> executable = nginxExecutable();
        assumeTrue(executable.isPresent(), "nginx is not on PATH (nor in /usr/sbin), so the gateway's routing "
                + "is not tested here; install it (apt-get install nginx) to run this test, as .ci/run does");

        commandSide = backend("command-side");
        querySide = backend("query-side");
        gatewayPort = freePort();
        String config = Files.readString(RepositoryRoot.path().resolve("gateway/nginx.conf"));
        Path rewritten = nginxDir.resolve("nginx.conf");
        Files.writeString(rewritten, runnableLocally(config));

        nginx = new ProcessBuilder(executable.get().toString(),
                "-p", nginxDir + File.separator,
                "-c", rewritten.toString(),
                "-e", nginxDir.resolve("error.log").toString(),
                "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(nginxDir.resolve("nginx.out").toFile())
                .start();
        // A test run that is cut short must not leave the gateway behind.
        Runtime.getRuntime().addShutdownHook(new Thread(nginx::destroy));
        awaitListening();
    }

    @AfterAll
    static void stopGateway() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        Stream.of(commandSide, querySide).filter(server -> server != null).forEach(server -> server.stop(0));
    }

    @Test
    void getGoesToTheQuerySideWithPathAndQueryStringUnchanged() throws Exception {
        HttpResponse<String> response = send(request("/api/workshop/4f1c?minVersion=7&note=a%20b").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("query-side GET /api/workshop/4f1c?minVersion=7&note=a%20b");
    }

    @Test
    void headGoesToTheQuerySide() throws Exception {
        HttpResponse<String> response = send(request("/api/me/sessions?x=1").method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Backend")).contains("query-side");
        assertThat(response.headers().firstValue("X-Seen-Method")).contains("HEAD");
        assertThat(response.headers().firstValue("X-Seen-Uri")).contains("/api/me/sessions?x=1");
    }

    @Test
    void postGoesToTheCommandSideWithPathAndQueryStringUnchanged() throws Exception {
        HttpResponse<String> response = send(request("/api/workshop/save?trace=on")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stepNumber\":1}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("command-side POST /api/workshop/save?trace=on");
        assertThat(response.headers().firstValue("X-Seen-Body-Bytes")).contains("16");
    }

    @Test
    void adminRoutesGoToTheQuerySideWhateverTheirMethod() throws Exception {
        HttpResponse<String> rebuild = send(request("/api/admin/projections/workshop-views/rebuild")
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> status = send(request("/api/admin/projections").GET());

        assertThat(rebuild.body()).isEqualTo("query-side POST /api/admin/projections/workshop-views/rebuild");
        assertThat(status.body()).isEqualTo("query-side GET /api/admin/projections");
    }

    @Test
    void otherMethodsGoToTheCommandSide() throws Exception {
        HttpResponse<String> response = send(request("/api/workshops/42").method("DELETE", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.body()).isEqualTo("command-side DELETE /api/workshops/42");
    }

    @Test
    void theBackendLearnsWhoAskedAndHow() throws Exception {
        HttpResponse<String> response = send(request("/api/me/sessions").GET());

        assertThat(response.headers().firstValue("X-Seen-Host")).contains("127.0.0.1");
        assertThat(response.headers().firstValue("X-Seen-Forwarded-Host")).contains("127.0.0.1:" + gatewayPort);
        assertThat(response.headers().firstValue("X-Seen-Forwarded-For")).contains("127.0.0.1");
        assertThat(response.headers().firstValue("X-Seen-Forwarded-Proto")).contains("http");
    }

    @Test
    void aBodyAboveTheApisLimitStillReachesTheCommandSideSoTheApiAnswersIt() throws Exception {
        int size = MIB + MIB / 2;

        HttpResponse<String> response = send(request("/api/workshop/save")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size])));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Backend")).contains("command-side");
        assertThat(response.headers().firstValue("X-Seen-Body-Bytes")).contains(String.valueOf(size));
    }

    @Test
    void aBodyBeyondTheGatewaysHeadroomIsRefusedAsAProblem() throws IOException {
        // Over a plain socket: nginx answers as soon as it has read the headers, before any body is sent,
        // which the JDK's HttpClient does not wait for.
        String response;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gatewayPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/workshop/save HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + gatewayPort + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + 3 * MIB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // Otherwise nginx lingers for the body it will discard before it closes the connection.
            socket.shutdownOutput();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response).contains("\"type\":\"urn:workshop-state:problem:payload-too-large\"");
        assertThat(response).doesNotContainIgnoringCase("X-Backend");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers every request with its own name, the method and the URI as received, echoing what the gateway added. */
    private static HttpServer backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            long bodyBytes;
            try (InputStream body = exchange.getRequestBody()) {
                bodyBytes = body.transferTo(OutputStream.nullOutputStream());
            }
            String method = exchange.getRequestMethod();
            String uri = exchange.getRequestURI().toString();
            Headers answer = exchange.getResponseHeaders();
            answer.add("Content-Type", "text/plain; charset=utf-8");
            answer.add("X-Backend", name);
            answer.add("X-Seen-Method", method);
            answer.add("X-Seen-Uri", uri);
            answer.add("X-Seen-Body-Bytes", String.valueOf(bodyBytes));
            echo(exchange, "Host", "X-Seen-Host");
            echo(exchange, "X-Forwarded-Host", "X-Seen-Forwarded-Host");
            echo(exchange, "X-Forwarded-For", "X-Seen-Forwarded-For");
            echo(exchange, "X-Forwarded-Proto", "X-Seen-Forwarded-Proto");
            byte[] body = (name + " " + method + " " + uri).getBytes(StandardCharsets.UTF_8);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void echo(HttpExchange exchange, String requestHeader, String responseHeader) {
        String value = exchange.getRequestHeaders().getFirst(requestHeader);
        if (value != null) {
            exchange.getResponseHeaders().add(responseHeader, value);
        }
    }

    /** The compose file's config with local addresses, and its files in the temporary folder so nginx needs no root. */
    private static String runnableLocally(String config) {
        String dir = nginxDir.toString();
        String local = config;
        // Ignored unless nginx runs as root; then the workers stay the test's own user, who owns the temp folder.
        local = replaceOnce(local, "(?m)^user\\s+[^;]+;", "user " + System.getProperty("user.name") + ";");
        local = replaceOnce(local, "(?m)^error_log\\s+\\S+", "error_log \"" + dir + "/error.log\"");
        local = replaceOnce(local, "(?m)^pid\\s+[^;]+;", "pid \"" + dir + "/nginx.pid\";");
        local = replaceOnce(local, "access_log\\s+[^;]+;", "access_log \"" + dir + "/access.log\";");
        local = replaceOnce(local, "server\\s+command-side:8081;", "server 127.0.0.1:" + commandSide.getAddress().getPort() + ";");
        local = replaceOnce(local, "server\\s+query-side:8082;", "server 127.0.0.1:" + querySide.getAddress().getPort() + ";");
        local = replaceOnce(local, "listen\\s+8080;", "listen 127.0.0.1:" + gatewayPort + ";");
        StringBuilder tempPaths = new StringBuilder("http {\n");
        for (String module : new String[] {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
            tempPaths.append("    ").append(module).append("_temp_path \"").append(dir).append('/').append(module).append("\";\n");
        }
        return replaceOnce(local, "(?m)^http\\s*\\{\\n", tempPaths.toString());
    }

    /** Fails when the config no longer has the line to rewrite, rather than testing something else. */
    private static String replaceOnce(String text, String regex, String replacement) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("gateway/nginx.conf has exactly one match of %s", regex).isTrue();
        assertThat(matcher.find()).as("gateway/nginx.conf has exactly one match of %s", regex).isFalse();
        return matcher.replaceFirst(Matcher.quoteReplacement(replacement));
    }

    private static Optional<Path> nginxExecutable() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/sbin"))
                .filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, "nginx"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            if (!nginx.isAlive()) {
                fail("nginx exited with " + nginx.exitValue() + ":\n" + nginxOutput());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), gatewayPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("nginx did not listen on port " + gatewayPort + " within 15 s:\n" + nginxOutput());
    }

    private static String nginxOutput() throws IOException {
        StringBuilder output = new StringBuilder();
        for (String file : new String[] {"nginx.out", "error.log"}) {
            Path log = nginxDir.resolve(file);
            if (Files.exists(log)) {
                output.append(file).append(":\n").append(Files.readString(log));
            }
        }
        return output.toString();
    }
}
