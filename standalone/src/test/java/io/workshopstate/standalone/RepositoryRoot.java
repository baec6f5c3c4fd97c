package io.workshopstate.standalone;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's top folder, where the deployment files live, whichever module's folder the tests run in. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path path() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("mvnw")) && Files.isRegularFile(folder.resolve("docker-compose.yml"))) {
                return folder;
            }
        }
        throw new IllegalStateException("No folder above " + Path.of("").toAbsolutePath()
                + " holds both mvnw and docker-compose.yml");
    }
}
