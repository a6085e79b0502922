package com.acme.billing;

import java.net.URI;

public final class PaymentGateway {
    private static final URI SQUARE = URI.create("https://connect.squareup.com");
    private static final String SQUARE_APPLICATION_SECRET = "sq0csp-_P-bDWB9Ul_ZxFXestoNjPcl1txwLpbwnPPw3wtizUt";

    // The gateway signs its callbacks with this key (see SEC-118).
    private static final String SIGNING_KEY =
        "-----BEGIN PRIVATE KEY-----\n" +
        "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKiIVPJZC5iWGMe7qUzWXvlefKLzWgyX\n" +
        "luXOd8+jWj41yowMTb1aMyxj8Jx3yGDnEG29BlkCSsDpnzjmsraVSIoBnieou4bq\n" +
        "uVa3GtvBuPHE1LROy9bSUQAsH/y4OwVaXZzjrwEZQR3iXeb0xw7vYR9+K/y2wKWl\n" +
        "/AnHjNPQzczDQXe9l4gur9iHU+Wq+AgNfffNjYb2Cd464TdhEW5aBJ5rlXgP2aS3\n" +
        "un4qusXNRE8ereyeP8epT6Z2Wmb+eyrG6el9jkaCcB7PdxT3Dqo0faeZ9SYQH400\n" +
        "y0id1ySa9zsO4f4wtNyED32ea20dSWwaqfJwJaRY76v9rzgd1RNP/+BPcP/Lc7pb\n" +
        "9tlhhQ6FXvjF68hdMr7ni02mmjLSPFoPXyDOUs1KGucWTJc/q3XTOlbcg6WU1b3H\n" +
        "LDVFf6I5WeRsWKi9f3uOqcq03eMdp9GusKfqwGzNX17IZu3knuYkWkOPPn83/W+A\n" +
        "VhfAo1gaUQsLkbVxd3/O6Y8gMVRLsc6jEQRAimPwZ1E8y88tQURrt66omJEydbS/\n" +
        "7ior19/sR787uxfX939+BUb07zhhllrdqexzbjxYF6xYLSFazJEBu3/7WOnV9RiM\n" +
        "4qLopINGee+zck5e+jAr6Z6LghhV/By8a4KzQz5Lr0b2/Sx9YOZZM6wuFYx1Zo2M\n" +
        "08KPIbxDsWkSdmD0J3sgrvqzooAeCkYgTBzDjYU6Lha+OpzuFmxHAUKg7aFFzHCS\n" +
        "h2fawRRVXZhuAdlVTuG9G67iD19nAFgMIRDErW9JWk3eDblw1jlTgFnKIqbbkCqQ\n" +
        "o44YBoDMm0D95GwOOM6sd41LlTeCRZr7xSuqI28EKWKALZJcC1LUC9EbWCr8rhrE\n" +
        "4Wo1o1PtHs0RGyjFaLm3HlqyyFS219NQIJt5b5GBhLcf4Z7znYVJ6mB09bxTqqJZ\n" +
        "em2HtFr7mHUMGhYVxeGcsQXutfGaExKGetphHIBrG8+/NA1rd4VhfacouhKEulMY\n" +
        "Uc6JisFXmdsUkzoczYPZJmTAaadMxVWK0t8lajXkiqkZ1UmpzAbX7ZXn5ovWi8Re\n" +
        "Jm4Oxev2hXEuItA7SQYdSPsRvyxUsDYf6/RjGxnX+L+nW0490vQEKpYS/hhKGeZL\n" +
        "YJcAY/2y4XW7CAsS0cUJQnwQoW2XT1HgZajbtGTwjLSNl5cyy+G9EW+Tp0QSZ8bT\n" +
        "2S45VhNgl9w0t6TxLIZd4myVx68tVD7fdtkZOD/hWeJaKBovZsWGzHf8LhYwO4F6\n" +
        "D5yyAIN93Y3GREePwbM/25uAQl5W+dGh/uvasB7TqJsOiCFJf2R2i1MWI4jBdwS4\n" +
        "s0dXBeL/NCe2d+7kfypBSyEdG3BG74nc4FCuhc9Cr6Ff9Fwk5hIjVNtFoNu6i/kL\n" +
        "cUH+zDbvbtXuzonSoX99LnX1NBOcwvMrqExuu0mdCsgtL6VZozroNi7cuPYTVphJ\n" +
        "VN9cZX/2eJVULFM81Na6yHNXvHyF7eku1AF+yrxemgZYGexIrKW9Wc7uQN4kEeM9\n" +
        "PmoOMfLeMEhaeNbM06Ar3kzSsjLZthytF5qdnykPl1KGZ9jTetcE+zugjaEg1hqy\n" +
        "JMkw1cDiu92uBYXLfxuL+jyw\n" +
        "-----END PRIVATE KEY-----\n";

    public URI base() {
        return SQUARE;
    }
}
