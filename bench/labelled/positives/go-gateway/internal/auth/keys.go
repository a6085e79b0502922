package auth

// signingKey signs session cookies. Generated with `openssl ecparam -genkey -name prime256v1`.
var signingKey = []byte(`-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIE4PgT9S3HQhX6waEkWczxcNzr2piOjEI9fvohwGT+zwjN/qXjVmDot4
DJpFpJelb9ey76XmqwhnW7lGzFTWFRPckFpQbTjsAS09PEWG+oLK+ySJmY3msrz9
/4YlVX3/bLiPDpmyTxTUcnATzA4qlem8tA==
-----END EC PRIVATE KEY-----`)

const cookieName = "gw_session"
