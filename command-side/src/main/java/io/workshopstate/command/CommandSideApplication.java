package io.workshopstate.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The write side on its own: it takes the API's POST routes and appends events. */
@SpringBootApplication(scanBasePackages = "io.workshopstate")
@AutoConfigurationPackage(basePackages = "io.workshopstate")
public class CommandSideApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
