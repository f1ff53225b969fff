  </main>
</div>
</body>
</html>
