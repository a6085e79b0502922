-- Seed users for the staging database. Passwords are hashes, never plain text.
INSERT INTO users (id, email, password_hash) VALUES
  ('8787542b-6290-4b02-aea8-8f0c97c78eac', 'alice@example.com', '$2b$12$Y4MPnKTncBjH6OYrj3squh1tt6w.J.kHhBHRcoGDy3r/1PVz3Hd.C'),
  ('444f68e2-6882-4600-9cbd-cad77961ddce', 'bob@example.com', '$2b$12$1YhbNW5G3A5ITyi4lUNLR2UqVq04VtjEKAPZMqGojnEbLunwL7rud'),
  ('1e4c82bc-7e3f-40fc-bba0-6cb6255fda2d', 'carol@example.com', '$argon2id$v=19$m=65536,t=3,p=4$p7/33giPGnU+E8Z9ygUJww$McNoglJybEHCuP9VAabHqkhbGhe4ThNv+bPqPh3HADQ');

-- API keys are stored as SHA-256 digests of the key.
INSERT INTO api_keys (id, owner_id, key_sha256, prefix) VALUES
  ('3f34e629-9da2-4544-b58b-17f5986f5479', '8d7f7510-3eb2-482b-b061-d9a7e6a53880', '2a275f8301b2e42f0c326e018a5bcff580a602a96f9231e10602fd7ea83a1da5', 'vgl_1a2b'),
  ('b765fb8f-2c9e-4b5e-a640-19f843c99e14', 'f1e09e73-4a1d-4602-bab2-9af4e1402876', '9170470b0b9337ab6e797ca1ec08473d5547db43cefd00558bb9aa4a8f4d173b', 'vgl_9f8e');
