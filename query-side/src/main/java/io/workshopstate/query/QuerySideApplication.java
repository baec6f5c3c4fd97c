package io.workshopstate.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The read side on its own: it projects events into the workshop tables and answers the API's GET routes. */
@SpringBootApplication(scanBasePackages = "io.workshopstate")
@AutoConfigurationPackage(basePackages = "io.workshopstate")
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
