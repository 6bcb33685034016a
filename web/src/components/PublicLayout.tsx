import { Container, Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguagePicker } from './common';

export function PublicLayout({
  title,
  children,
  width = 420,
}: {
  title: string;
  children: ReactNode;
  width?: number;
}) {
  return (
    <Container size={width} py={40}>
      <Group justify="space-between" mb="md">
        <Text fw={800} size="xl" c="teal.7">
          Paseo
        </Text>
        <LanguagePicker />
      </Group>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <Title order={2} mb="md">
          {title}
        </Title>
        {children}
      </Paper>
    </Container>
  );
}
